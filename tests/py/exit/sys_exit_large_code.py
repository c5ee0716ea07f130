# Exit status is taken modulo 256 by the operating system.
import sys
print("exit 300")
sys.exit(300)
