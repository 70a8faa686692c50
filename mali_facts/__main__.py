from mali_facts.cli import main

main()
