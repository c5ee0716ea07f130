# KeyError messages use repr of the key; exceptions without arguments print only the type.
import sys
print("KeyError message shows repr:", file=sys.stderr)
config = {"host": "localhost"}
def get(key):
    return config[key]
get("port\twith tab")
