import subprocess


def ping(host, count=1):
    """Pings a host and returns the output."""
    return subprocess.check_output(["ping", "-c", str(int(count)), "--", host], text=True)
