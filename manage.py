#!/usr/bin/env python
"""Django's usual entry point; ``relais`` (relais/cli.py) is the same with dashes allowed."""

from relais.cli import main

if __name__ == "__main__":
    main()
