import argparse
import subprocess


def main():
    parser = argparse.ArgumentParser(description="Archive a project folder")
    parser.add_argument("name")
    args = parser.parse_args()
    subprocess.run(f"tar czf /backups/{args.name}.tgz /srv/projects/{args.name}", shell=True, check=True)


if __name__ == "__main__":
    main()
