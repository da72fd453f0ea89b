"""disclosure-lint policy plugin: 怀化市政府信息公开工作年度报告本地要求（示例）."""

__version__ = "0.1.0"
