from balance_cli.cli import main

main()
