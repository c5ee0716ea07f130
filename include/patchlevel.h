/* patchlevel.h -- which Python language version these headers describe,
 * and which Pyrite release provides them.
 *
 * Pyrite implements Python 3.11; extensions test the PY_* numbers exactly
 * as they would on CPython 3.11.  The PYRITE_* numbers let code detect
 * that it is being built for Pyrite (e.g. `#ifdef PYRITE_VERSION`).
 */
#ifndef Py_PATCHLEVEL_H
#define Py_PATCHLEVEL_H

/* Release level codes used in PY_RELEASE_LEVEL. */
#define PY_RELEASE_LEVEL_ALPHA  0xA
#define PY_RELEASE_LEVEL_BETA   0xB
#define PY_RELEASE_LEVEL_GAMMA  0xC     /* release candidate */
#define PY_RELEASE_LEVEL_FINAL  0xF

#define PY_MAJOR_VERSION        3
#define PY_MINOR_VERSION        11
#define PY_MICRO_VERSION        9
#define PY_RELEASE_LEVEL        PY_RELEASE_LEVEL_FINAL
#define PY_RELEASE_SERIAL       0

/* The language version as a string and as one comparable number:
 * 0xMMmmuuLS (major, minor, micro, level, serial). */
#define PY_VERSION              "3.11.9"
#define PY_VERSION_HEX          0x030B09F0

/* Pyrite's own release. */
#define PYRITE_MAJOR_VERSION    0
#define PYRITE_MINOR_VERSION    1
#define PYRITE_MICRO_VERSION    0
#define PYRITE_VERSION          "0.1.0"
#define PYRITE_VERSION_HEX      ((PYRITE_MAJOR_VERSION << 24) | \
                                 (PYRITE_MINOR_VERSION << 16) | \
                                 (PYRITE_MICRO_VERSION << 8))

#endif /* Py_PATCHLEVEL_H */
