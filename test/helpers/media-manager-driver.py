"""Calls methods of the original media manager (media_manager.py, unmodified) on a database, as its own users do.

Usage: python3 media-manager-driver.py <folder of media_manager.py> <db_path> <video_dir>
stdin: a JSON list of [method, keyword arguments]; stdout: a JSON list of what each returned.
The first call that raises ends the run: its method and the exception go to stderr, exit status 3.
"""
import json
import sys

folder, db_path, video_dir = sys.argv[1:4]
sys.path.insert(0, folder)
from media_manager import MediaManager  # noqa: E402

manager = MediaManager(db_path=db_path, video_dir=video_dir)
results = []
for method, kwargs in json.load(sys.stdin):
    try:
        results.append(getattr(manager, method)(**kwargs))
    except Exception as error:  # the test reports which method failed and how
        sys.stderr.write(f"{method} failed: {type(error).__name__}: {error}\n")
        sys.exit(3)
json.dump(results, sys.stdout, default=str)
