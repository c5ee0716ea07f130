/* import.h -- the import system from C. */
#ifndef Py_IMPORT_H
#define Py_IMPORT_H

#include "object.h"

PYRITE_BEGIN_DECLS

PyAPI_FUNC(long) PyImport_GetMagicNumber(void);
PyAPI_FUNC(const char *) PyImport_GetMagicTag(void);

/* Execute a code object as module `name` (reloading if present). */
PyAPI_FUNC(PyObject *) PyImport_ExecCodeModule(const char *name, PyObject *co);
PyAPI_FUNC(PyObject *) PyImport_ExecCodeModuleEx(const char *name, PyObject *co,
                                                 const char *pathname);
PyAPI_FUNC(PyObject *) PyImport_ExecCodeModuleWithPathnames(const char *name,
                                                            PyObject *co,
                                                            const char *pathname,
                                                            const char *cpathname);
PyAPI_FUNC(PyObject *) PyImport_ExecCodeModuleObject(PyObject *name, PyObject *co,
                                                     PyObject *pathname,
                                                     PyObject *cpathname);

/* sys.modules, and lookups in it. */
PyAPI_FUNC(PyObject *) PyImport_GetModuleDict(void);
PyAPI_FUNC(PyObject *) PyImport_GetModule(PyObject *name);
PyAPI_FUNC(PyObject *) PyImport_AddModuleObject(PyObject *name);
PyAPI_FUNC(PyObject *) PyImport_AddModule(const char *name);

/* Importing. */
PyAPI_FUNC(PyObject *) PyImport_ImportModule(const char *name);
Py_DEPRECATED(3.3) PyAPI_FUNC(PyObject *) PyImport_ImportModuleNoBlock(const char *name);
PyAPI_FUNC(PyObject *) PyImport_ImportModuleLevel(const char *name, PyObject *globals,
                                                  PyObject *locals, PyObject *fromlist,
                                                  int level);
PyAPI_FUNC(PyObject *) PyImport_ImportModuleLevelObject(PyObject *name, PyObject *globals,
                                                        PyObject *locals,
                                                        PyObject *fromlist, int level);
#define PyImport_ImportModuleEx(n, g, l, f) \
    PyImport_ImportModuleLevel((n), (g), (l), (f), 0)

PyAPI_FUNC(PyObject *) PyImport_GetImporter(PyObject *path);
/* __import__ honouring import hooks. */
PyAPI_FUNC(PyObject *) PyImport_Import(PyObject *name);
PyAPI_FUNC(PyObject *) PyImport_ReloadModule(PyObject *m);

PyAPI_FUNC(int) PyImport_ImportFrozenModuleObject(PyObject *name);
PyAPI_FUNC(int) PyImport_ImportFrozenModule(const char *name);

/* Add a builtin module before Py_Initialize. */
PyAPI_FUNC(int) PyImport_AppendInittab(const char *name, PyObject *(*initfunc)(void));

#ifndef Py_LIMITED_API
PyAPI_FUNC(PyObject *) PyInit__imp(void);

/* Table of builtin modules. */
struct _inittab {
    const char *name;
    PyObject *(*initfunc)(void);
};
PyAPI_DATA(struct _inittab *) PyImport_Inittab;
PyAPI_FUNC(int) PyImport_ExtendInittab(struct _inittab *newtab);

/* Table of frozen modules. */
struct _frozen {
    const char *name;
    const unsigned char *code;
    int size;
    int is_package;
    PyObject *(*get_code)(void);
};
PyAPI_DATA(const struct _frozen *) PyImport_FrozenModules;

PyAPI_FUNC(PyObject *) _PyImport_GetModuleId(_Py_Identifier *name);
PyAPI_FUNC(int) _PyImport_IsInitialized(PyInterpreterState *interp);
PyAPI_FUNC(void) _PyImport_AcquireLock(void);
PyAPI_FUNC(int) _PyImport_ReleaseLock(void);
PyAPI_FUNC(int) _PyImport_FixupBuiltin(PyObject *mod, const char *name, PyObject *modules);
PyAPI_FUNC(int) _PyImport_FixupExtensionObject(PyObject *mod, PyObject *name,
                                               PyObject *filename, PyObject *modules);
PyAPI_FUNC(int) _PyImport_SetModule(PyObject *name, PyObject *module);
PyAPI_FUNC(int) _PyImport_SetModuleString(const char *name, PyObject *module);
PyAPI_FUNC(PyObject *) _PyImport_GetModuleAttr(PyObject *modname, PyObject *attrname);
PyAPI_FUNC(PyObject *) _PyImport_GetModuleAttrString(const char *modname,
                                                     const char *attrname);
#endif /* !Py_LIMITED_API */

PYRITE_END_DECLS

#endif /* Py_IMPORT_H */
