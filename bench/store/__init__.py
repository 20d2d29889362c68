"""`python -m bench.store`: the output store at 10,000 sources (issue 19): a first build, a no-op
build and a build changing 10 sources, each through `assetkit.build()` in its own process over
sparse PSD files, with the render injected."""
