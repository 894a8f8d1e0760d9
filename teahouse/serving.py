"""gunicorn's settings for serving Teahouse: `gunicorn --config python:teahouse.serving`, as
`make run` and the benchmarks start it.

Once a worker has loaded the app, everything it holds (modules, routes, templates, compiled
SQL, mappers: some 150,000 objects) lives as long as the worker. Python's cyclic garbage
collector would still walk all of it on every full collection, a pause of tens of milliseconds
that lands on whichever request happens to allocate at that moment. gc.freeze() moves what
exists into a permanent generation the collector skips; what requests create afterwards is
collected as usual. (The Python docs describe this use of gc.freeze for long-lived processes.)
"""

import gc


def post_worker_init(worker):
    gc.collect()  # what loading left as garbage goes first: frozen, it would stay for good
    gc.freeze()
    worker.log.info("Froze %d objects of the loaded app", gc.get_freeze_count())
