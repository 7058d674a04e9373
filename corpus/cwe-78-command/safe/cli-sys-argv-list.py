#!/usr/bin/env python3
import subprocess
import sys

source = sys.argv[1]
subprocess.run(["convert", source, "-resize", "200x200", source + ".thumb.png"], check=True)
