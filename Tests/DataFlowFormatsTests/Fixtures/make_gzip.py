# Regenerates people.csv.gz from people.csv (fixed mtime so the bytes are reproducible).
import gzip, pathlib
here = pathlib.Path(__file__).parent
data = (here / "people.csv").read_bytes()
with open(here / "people.csv.gz", "wb") as raw:
    with gzip.GzipFile(filename="people.csv", mode="wb", fileobj=raw, mtime=0) as f:
        f.write(data)
