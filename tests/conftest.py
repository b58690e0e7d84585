"""Keep policylint's pack cache out of the user's home during tests: every test process (and
subprocess, which inherits the environment) uses one cache folder of this session."""
import os
import tempfile

os.environ.setdefault("POLICYLINT_CACHE_DIR", tempfile.mkdtemp(prefix="policylint-test-cache-"))
os.environ.pop("POLICYLINT_NO_CACHE", None)
