"""Reports of builds and checks: console lines, JSON, JUnit XML, GitHub annotations, HTML."""
