"""python -m amnestyrules"""
import sys

from amnestyrules.cli import main

sys.exit(main())
