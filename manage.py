#!/usr/bin/env python
import sys

from alongside.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
