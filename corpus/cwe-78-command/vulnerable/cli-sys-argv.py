#!/usr/bin/env python3
"""thumb.py <image>: writes a thumbnail next to the image."""
import os
import sys

source = sys.argv[1]
os.system("convert " + source + " -resize 200x200 " + source + ".thumb.png")
