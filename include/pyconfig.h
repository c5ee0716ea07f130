/* pyconfig.h -- build configuration facts for Pyrite on Linux x86_64.
 *
 * Extensions consult these to learn sizes of C types and which platform
 * features exist.  Pyrite's libpyrite.so is built for x86_64 Linux with
 * glibc; the values below describe that target.
 */
#ifndef Py_PYCONFIG_H
#define Py_PYCONFIG_H

/* Feature-test macros: ask libc for POSIX/XSI/GNU declarations, as the
 * reference implementation's configuration does.  This is why Python.h
 * should be included before any system header.  Only set them when the
 * includer has not chosen otherwise. */
#ifndef _GNU_SOURCE
#  define _GNU_SOURCE 1
#endif
#ifndef _DEFAULT_SOURCE
#  define _DEFAULT_SOURCE 1
#endif
#ifndef _POSIX_C_SOURCE
#  define _POSIX_C_SOURCE 200809L
#endif
#ifndef _XOPEN_SOURCE
#  define _XOPEN_SOURCE 700
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#  define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef _FILE_OFFSET_BITS
#  define _FILE_OFFSET_BITS 64
#endif
#ifndef _LARGEFILE_SOURCE
#  define _LARGEFILE_SOURCE 1
#endif

/* Sizes of C types on the target (LP64). */
#define SIZEOF_SHORT            2
#define SIZEOF_INT              4
#define SIZEOF_LONG             8
#define SIZEOF_LONG_LONG        8
#define SIZEOF_FLOAT            4
#define SIZEOF_DOUBLE           8
#define SIZEOF_LONG_DOUBLE      16
#define SIZEOF_VOID_P           8
#define SIZEOF_SIZE_T           8
#define SIZEOF_OFF_T            8
#define SIZEOF_FPOS_T           16
#define SIZEOF_PID_T            4
#define SIZEOF_TIME_T           8
#define SIZEOF_UINTPTR_T        8
#define SIZEOF_WCHAR_T          4
#define SIZEOF__BOOL            1
#define SIZEOF_PTHREAD_T        8
#define SIZEOF_PTHREAD_KEY_T    4
#define ALIGNOF_LONG            8
#define ALIGNOF_SIZE_T          8

/* Byte order: little endian; WORDS_BIGENDIAN stays undefined. */
#define DOUBLE_IS_LITTLE_ENDIAN_IEEE754 1

/* Headers and types available on the platform. */
#define STDC_HEADERS            1
#define HAVE_STDINT_H           1
#define HAVE_INTTYPES_H         1
#define HAVE_STDLIB_H           1
#define HAVE_STRING_H           1
#define HAVE_UNISTD_H           1
#define HAVE_ERRNO_H            1
#define HAVE_FCNTL_H            1
#define HAVE_SIGNAL_H           1
#define HAVE_WCHAR_H            1
#define HAVE_SYS_TYPES_H        1
#define HAVE_SYS_STAT_H         1
#define HAVE_SYS_TIME_H         1
#define HAVE_PTHREAD_H          1
#define HAVE_DLFCN_H            1
#define HAVE_LONG_DOUBLE        1
#define HAVE_SSIZE_T            1
#define HAVE_CLOCK_GETTIME      1
#define HAVE_DYNAMIC_LOADING    1
#define HAVE_GCC_ASM_FOR_X87    1
#define HAVE_GCC_ASM_FOR_X64    1
#define HAVE_STD_ATOMIC         1
#define HAVE_BUILTIN_ATOMIC     1

/* Functions and headers of glibc on Linux that extensions sometimes test. */
#define HAVE_ACOSH              1
#define HAVE_ASINH              1
#define HAVE_ATANH              1
#define HAVE_ERF                1
#define HAVE_ERFC               1
#define HAVE_EXPM1              1
#define HAVE_LOG1P              1
#define HAVE_LOG2               1
#define HAVE_ALLOCA_H           1
#define HAVE_DIRENT_H           1
#define HAVE_ENDIAN_H           1
#define HAVE_LANGINFO_H         1
#define HAVE_POLL_H             1
#define HAVE_SCHED_H            1
#define HAVE_STRINGS_H          1
#define HAVE_SYS_FILE_H         1
#define HAVE_SYS_MMAN_H         1
#define HAVE_SYS_PARAM_H        1
#define HAVE_SYS_RESOURCE_H     1
#define HAVE_SYS_SELECT_H       1
#define HAVE_SYS_SYSCALL_H      1
#define HAVE_SYS_UTSNAME_H      1
#define HAVE_SYS_WAIT_H         1
#define HAVE_TERMIOS_H          1
#define HAVE_LINUX_RANDOM_H     1
#define HAVE_CLOCK              1
#define HAVE_CLOCK_GETRES       1
#define HAVE_DLOPEN             1
#define HAVE_FORK               1
#define HAVE_FSEEKO             1
#define HAVE_FTELLO             1
#define HAVE_GETC_UNLOCKED      1
#define HAVE_GETPAGESIZE        1
#define HAVE_GETPID             1
#define HAVE_GETRANDOM_SYSCALL  1
#define HAVE_KILL               1
#define HAVE_LSTAT              1
#define HAVE_MKTIME             1
#define HAVE_MMAP               1
#define HAVE_NANOSLEEP          1
#define HAVE_PIPE               1
#define HAVE_POLL               1
#define HAVE_PTHREAD_KILL       1
#define HAVE_PTHREAD_SIGMASK    1
#define HAVE_READLINK           1
#define HAVE_SETLOCALE          1
#define HAVE_SIGACTION          1
#define HAVE_SNPRINTF           1
#define HAVE_STRFTIME           1
#define HAVE_SYMLINK            1
#define HAVE_SYSCONF            1
#define HAVE_TIMEGM             1
#define HAVE_TM_ZONE            1
#define HAVE_STRUCT_TM_TM_ZONE  1
#define HAVE_UNAME              1
#define HAVE_WCSCOLL            1
#define HAVE_WCSFTIME           1
#define HAVE_WCSXFRM            1
#define HAVE_GCC_UINT128_T      1
#define HAVE_PROTOTYPES         1
#define HAVE_STDARG_PROTOTYPES  1
#define TIME_WITH_SYS_TIME      1
#define SYS_SELECT_WITH_SYS_TIME 1
#define RETSIGTYPE              void
#define PY_COERCE_C_LOCALE      1

/* Build configuration of the runtime. */
#define Py_ENABLE_SHARED        1
#define WITH_DOC_STRINGS        1
#define WITH_THREAD             1
#define PY_HAVE_THREAD_NATIVE_ID 1
#define PY_BUILTIN_HASHLIB_HASHES "md5,sha1,sha256,sha512,sha3,blake2"

/* Pyrite does not use the obmalloc arena allocator name in its ABI, but
 * code that tests WITH_PYMALLOC gets the value CPython's default build has. */
#define WITH_PYMALLOC           1

#endif /* Py_PYCONFIG_H */
