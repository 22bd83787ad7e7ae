"""python -m backbone.measurement.bench worker|import|check …: the processes run starts."""

import sys

from backbone.measurement.bench.run import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
