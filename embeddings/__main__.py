import sys

from embeddings.cli import main

sys.exit(main())
