"""The drop-folder service behind `assetkit watch`: files arrive (observe), settle (settle),
are built in batches under the output folder's lock (service), told as events (events), moved
aside on request (moves) and stopped by signals between sources (signals)."""
