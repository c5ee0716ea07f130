/* compile.h -- compiler entry constants and flags. */
#ifndef Py_COMPILE_H
#define Py_COMPILE_H

#include "object.h"

PYRITE_BEGIN_DECLS

/* Start symbols for Py_CompileString and PyRun_String. */
#define Py_single_input    256
#define Py_file_input      257
#define Py_eval_input      258
#define Py_func_type_input 345
#define Py_fstring_input   800

#ifndef Py_LIMITED_API
/* Flags that can be passed in PyCompilerFlags.cf_flags. */
#define PyCF_MASK (CO_FUTURE_DIVISION | CO_FUTURE_ABSOLUTE_IMPORT | \
                   CO_FUTURE_WITH_STATEMENT | CO_FUTURE_PRINT_FUNCTION | \
                   CO_FUTURE_UNICODE_LITERALS | CO_FUTURE_BARRY_AS_BDFL | \
                   CO_FUTURE_GENERATOR_STOP | CO_FUTURE_ANNOTATIONS)
#define PyCF_MASK_OBSOLETE (CO_NESTED)
#define PyCF_SOURCE_IS_UTF8         0x0100
#define PyCF_DONT_IMPLY_DEDENT      0x0200
#define PyCF_ONLY_AST               0x0400
#define PyCF_IGNORE_COOKIE          0x0800
#define PyCF_TYPE_COMMENTS          0x1000
#define PyCF_ALLOW_TOP_LEVEL_AWAIT  0x2000
#define PyCF_ALLOW_INCOMPLETE_INPUT 0x4000
#define PyCF_COMPILE_MASK (PyCF_ONLY_AST | PyCF_ALLOW_TOP_LEVEL_AWAIT | \
                           PyCF_TYPE_COMMENTS | PyCF_DONT_IMPLY_DEDENT | \
                           PyCF_ALLOW_INCOMPLETE_INPUT)

/* Compiler options passed to the PyRun_*Flags / Py_Compile* functions. */
typedef struct {
    int cf_flags;               /* PyCF_* and CO_FUTURE_* bits */
    int cf_feature_version;     /* minor version of the grammar to accept */
} PyCompilerFlags;

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L && !defined(__cplusplus)
#  define _PyCompilerFlags_INIT ((PyCompilerFlags){0, PY_MINOR_VERSION})
#endif

/* Names of __future__ features. */
#define FUTURE_NESTED_SCOPES    "nested_scopes"
#define FUTURE_GENERATORS       "generators"
#define FUTURE_DIVISION         "division"
#define FUTURE_ABSOLUTE_IMPORT  "absolute_import"
#define FUTURE_WITH_STATEMENT   "with_statement"
#define FUTURE_PRINT_FUNCTION   "print_function"
#define FUTURE_UNICODE_LITERALS "unicode_literals"
#define FUTURE_BARRY_AS_BDFL    "barry_as_FLUFL"
#define FUTURE_GENERATOR_STOP   "generator_stop"
#define FUTURE_ANNOTATIONS      "annotations"

/* Stack effect of a bytecode instruction (for bytecode tools). */
#define PY_INVALID_STACK_EFFECT INT_MAX
PyAPI_FUNC(int) PyCompile_OpcodeStackEffect(int opcode, int oparg);
PyAPI_FUNC(int) PyCompile_OpcodeStackEffectWithJump(int opcode, int oparg, int jump);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_COMPILE_H */
