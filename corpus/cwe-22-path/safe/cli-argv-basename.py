#!/usr/bin/env python3
import os
import shutil
import sys

OUT = "/srv/public"
shutil.copy(sys.argv[1], os.path.join(OUT, os.path.basename(sys.argv[1])))
with open(os.path.join(OUT, os.path.basename(sys.argv[1])) + ".meta", "w") as f:
    f.write("published\n")
