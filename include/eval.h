/* eval.h -- kept for source compatibility; the evaluation API
 * (PyEval_EvalCode, ...) is declared in ceval.h. */
#ifndef Py_EVAL_H
#define Py_EVAL_H
#include "Python.h"
#endif /* Py_EVAL_H */
