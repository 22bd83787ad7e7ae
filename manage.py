#!/usr/bin/env python
from backbone.cli import main

if __name__ == "__main__":
    main()
