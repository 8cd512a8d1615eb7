from ketquiz.cli import main

raise SystemExit(main())
