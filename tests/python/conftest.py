# sample_project/ is the pytest plugin's test subject (test_package.py runs
# pytest there, in a copy), not tests of this directory.
collect_ignore = ["sample_project"]
