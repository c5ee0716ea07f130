# subprocess.run / Popen / pipes / errors, os.fork, os.popen.
import subprocess, os, sys
r = subprocess.run(["echo", "hi"], capture_output=True)
print(r.returncode, r.stdout, r.stderr)
r = subprocess.run(["sh", "-c", "echo out; echo err >&2; exit 3"], capture_output=True, text=True)
print(r.returncode, repr(r.stdout), repr(r.stderr))
print(subprocess.check_output(["cat"], input=b"piped data"))
print(subprocess.call(["true"]), subprocess.call(["false"]))
try:
    subprocess.run(["/nonexistent/cmd"])
except FileNotFoundError as e:
    print(repr(e), e.filename)
try:
    subprocess.check_call(["false"])
except subprocess.CalledProcessError as e:
    print(e)
p = subprocess.Popen(["sh", "-c", "read x; echo got $x"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
out, _ = p.communicate(b"hello\n")
print(out, p.returncode)
print(subprocess.run("echo $((1+2))", shell=True, stdout=subprocess.PIPE).stdout)
print(subprocess.run(["pwd"], cwd="/", capture_output=True).stdout)
print(subprocess.run(["sh", "-c", "echo $FOO"], env={"FOO": "bar"}, capture_output=True).stdout)
try:
    subprocess.run(["sleep", "5"], timeout=0.2)
except subprocess.TimeoutExpired as e:
    print("timeout", e.cmd)
print(subprocess.getoutput("echo hi there"), subprocess.getstatusoutput("exit 2"))
r, w = os.pipe()
p = subprocess.Popen(["sh", "-c", f"echo passed >&{w}"], pass_fds=(w,))
p.wait()
os.close(w)
print(os.read(r, 100))
os.close(r)
print(os.popen("echo popen").read())
p = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
print(p.communicate("text in\n"))
print(subprocess.run(["sh", "-c", "kill -TERM $$"]).returncode)
sys.stdout.flush()
pid = os.fork()
if pid == 0:
    print("child", flush=True)
    os._exit(7)
_, st = os.waitpid(pid, 0)
print("parent", os.waitstatus_to_exitcode(st))
