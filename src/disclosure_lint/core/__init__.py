"""The framework: report model, formats, rule engine, plugin manager, hookspecs, runner, config,
findings, cache and codec. It imports no built-in plugin, reader, CLI or reporter."""
