import os
import subprocess

ref = os.environ.get("GITHUB_HEAD_REF", "main")
subprocess.run(["git", "diff", "--name-only", f"origin/main...origin/{ref}"], check=True)
