"""``python -m disclosure_lint``: the command line, as the ``disclosure-lint`` script runs it."""

from disclosure_lint.cli.main import main

main()
