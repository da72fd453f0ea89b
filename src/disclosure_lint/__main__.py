from disclosure_lint.cli.main import main

main()
