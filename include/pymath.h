/* pymath.h -- floating-point constants and classification helpers. */
#ifndef Py_PYMATH_H
#define Py_PYMATH_H

#include "pyconfig.h"         /* feature macros before any system header */
#include <errno.h>
#include <math.h>

/* Mathematical constants with more digits than a double can hold. */
#define Py_MATH_PIl 3.1415926535897932384626433832795029L
#define Py_MATH_PI  3.14159265358979323846
#define Py_MATH_El  2.7182818284590452353602874713526625L
#define Py_MATH_E   2.7182818284590452354
#define Py_MATH_TAU 6.2831853071795864769252867665590057683943L

/* Classification (C99 <math.h> macros). */
#define Py_IS_NAN(X)      isnan(X)
#define Py_IS_INFINITY(X) isinf(X)
#define Py_IS_FINITE(X)   isfinite(X)

/* Infinity and a quiet NaN as double constants. */
#define Py_HUGE_VAL HUGE_VAL
#define Py_NAN      ((double)NAN)

#endif /* Py_PYMATH_H */
