/* datetime.h -- the C API of the datetime module.
 *
 * Not included by Python.h.  An extension includes it, calls
 * PyDateTime_IMPORT once (typically in its module init), and can then use
 * the check macros, the field accessors and the constructors below.  The
 * capsule "datetime.datetime_CAPI" is provided by Pyrite's datetime module.
 */
#ifndef DATETIME_H
#define DATETIME_H

#include "Python.h"

PYRITE_BEGIN_DECLS

/* Sizes of the packed date/time fields ("data" arrays below). */
#define _PyDateTime_DATE_DATASIZE 4
#define _PyDateTime_TIME_DATASIZE 6
#define _PyDateTime_DATETIME_DATASIZE 10

/* timedelta.  Layout (x86_64): hashcode 16, days 24, seconds 28,
 * microseconds 32; size 40. */
typedef struct {
    PyObject_HEAD
    Py_hash_t hashcode;         /* -1 until computed */
    int days;                   /* -999999999 .. 999999999 */
    int seconds;                /* 0 .. 86399 */
    int microseconds;           /* 0 .. 999999 */
} PyDateTime_Delta;

/* tzinfo (abstract base). */
typedef struct {
    PyObject_HEAD
} PyDateTime_TZInfo;

/* Common head of date, time and datetime: hashcode 16, hastzinfo 24,
 * packed data from 25. */
#define _PyTZINFO_HEAD \
    PyObject_HEAD \
    Py_hash_t hashcode; \
    char hastzinfo;             /* boolean: is there a tzinfo member? */

typedef struct {
    _PyTZINFO_HEAD
} _PyDateTime_BaseTZInfo;

#define _PyDateTime_TIMEHEAD \
    _PyTZINFO_HEAD \
    unsigned char data[_PyDateTime_TIME_DATASIZE];

/* time without tzinfo member. */
typedef struct {
    _PyDateTime_TIMEHEAD
} _PyDateTime_BaseTime;

/* time.  data: hour, minute, second, microsecond (3 bytes, big endian).
 * Layout (x86_64): data 25..30, fold 31, tzinfo 32; size 40. */
typedef struct {
    _PyDateTime_TIMEHEAD
    unsigned char fold;
    PyObject *tzinfo;           /* valid only if hastzinfo */
} PyDateTime_Time;

/* date.  data: year (2 bytes, big endian), month, day.  Size 32. */
typedef struct {
    _PyTZINFO_HEAD
    unsigned char data[_PyDateTime_DATE_DATASIZE];
} PyDateTime_Date;

#define _PyDateTime_DATETIMEHEAD \
    _PyTZINFO_HEAD \
    unsigned char data[_PyDateTime_DATETIME_DATASIZE];

typedef struct {
    _PyDateTime_DATETIMEHEAD
} _PyDateTime_BaseDateTime;

/* datetime.  data: year (2), month, day, hour, minute, second,
 * microsecond (3).  Layout (x86_64): data 25..34, fold 35, tzinfo 40;
 * size 48. */
typedef struct {
    _PyDateTime_DATETIMEHEAD
    unsigned char fold;
    PyObject *tzinfo;           /* valid only if hastzinfo */
} PyDateTime_DateTime;

/* ---- field accessors (no type checks) ---- */

#define _PyDateTime_HAS_TZINFO(o) (((_PyDateTime_BaseTZInfo *)(o))->hastzinfo)

#define PyDateTime_GET_YEAR(o) \
    ((((PyDateTime_Date *)(o))->data[0] << 8) | ((PyDateTime_Date *)(o))->data[1])
#define PyDateTime_GET_MONTH(o) (((PyDateTime_Date *)(o))->data[2])
#define PyDateTime_GET_DAY(o)   (((PyDateTime_Date *)(o))->data[3])

#define PyDateTime_DATE_GET_HOUR(o)   (((PyDateTime_DateTime *)(o))->data[4])
#define PyDateTime_DATE_GET_MINUTE(o) (((PyDateTime_DateTime *)(o))->data[5])
#define PyDateTime_DATE_GET_SECOND(o) (((PyDateTime_DateTime *)(o))->data[6])
#define PyDateTime_DATE_GET_MICROSECOND(o) \
    ((((PyDateTime_DateTime *)(o))->data[7] << 16) | \
     (((PyDateTime_DateTime *)(o))->data[8] << 8) | \
     ((PyDateTime_DateTime *)(o))->data[9])
#define PyDateTime_DATE_GET_FOLD(o) (((PyDateTime_DateTime *)(o))->fold)
#define PyDateTime_DATE_GET_TZINFO(o) \
    (_PyDateTime_HAS_TZINFO(o) ? ((PyDateTime_DateTime *)(o))->tzinfo : Py_None)

#define PyDateTime_TIME_GET_HOUR(o)   (((PyDateTime_Time *)(o))->data[0])
#define PyDateTime_TIME_GET_MINUTE(o) (((PyDateTime_Time *)(o))->data[1])
#define PyDateTime_TIME_GET_SECOND(o) (((PyDateTime_Time *)(o))->data[2])
#define PyDateTime_TIME_GET_MICROSECOND(o) \
    ((((PyDateTime_Time *)(o))->data[3] << 16) | \
     (((PyDateTime_Time *)(o))->data[4] << 8) | \
     ((PyDateTime_Time *)(o))->data[5])
#define PyDateTime_TIME_GET_FOLD(o) (((PyDateTime_Time *)(o))->fold)
#define PyDateTime_TIME_GET_TZINFO(o) \
    (_PyDateTime_HAS_TZINFO(o) ? ((PyDateTime_Time *)(o))->tzinfo : Py_None)

#define PyDateTime_DELTA_GET_DAYS(o)         (((PyDateTime_Delta *)(o))->days)
#define PyDateTime_DELTA_GET_SECONDS(o)      (((PyDateTime_Delta *)(o))->seconds)
#define PyDateTime_DELTA_GET_MICROSECONDS(o) (((PyDateTime_Delta *)(o))->microseconds)

/* ---- the capsule's function table ---- */

/* Layout (x86_64): five type pointers 0..32, TimeZone_UTC 40, then the
 * constructor pointers from 48 in the order below; size 120. */
typedef struct {
    PyTypeObject *DateType;
    PyTypeObject *DateTimeType;
    PyTypeObject *TimeType;
    PyTypeObject *DeltaType;
    PyTypeObject *TZInfoType;

    PyObject *TimeZone_UTC;

    PyObject *(*Date_FromDate)(int year, int month, int day, PyTypeObject *cls);
    PyObject *(*DateTime_FromDateAndTime)(int year, int month, int day, int hour,
                                          int minute, int second, int usecond,
                                          PyObject *tzinfo, PyTypeObject *cls);
    PyObject *(*Time_FromTime)(int hour, int minute, int second, int usecond,
                               PyObject *tzinfo, PyTypeObject *cls);
    PyObject *(*Delta_FromDelta)(int days, int seconds, int useconds, int normalize,
                                 PyTypeObject *cls);
    PyObject *(*TimeZone_FromTimeZone)(PyObject *offset, PyObject *name);

    /* DB API constructors: cls.fromtimestamp(*args, **kwargs) */
    PyObject *(*DateTime_FromTimestamp)(PyObject *cls, PyObject *args, PyObject *kwargs);
    PyObject *(*Date_FromTimestamp)(PyObject *cls, PyObject *args);

    /* PEP 495 (fold) constructors */
    PyObject *(*DateTime_FromDateAndTimeAndFold)(int year, int month, int day,
                                                 int hour, int minute, int second,
                                                 int usecond, PyObject *tzinfo,
                                                 int fold, PyTypeObject *cls);
    PyObject *(*Time_FromTimeAndFold)(int hour, int minute, int second, int usecond,
                                      PyObject *tzinfo, int fold, PyTypeObject *cls);
} PyDateTime_CAPI;

#define PyDateTime_CAPSULE_NAME "datetime.datetime_CAPI"

/* One copy per translation unit, filled by PyDateTime_IMPORT. */
static PyDateTime_CAPI *PyDateTimeAPI _Py_HEADER_UNUSED = NULL;

#define PyDateTime_IMPORT \
    PyDateTimeAPI = (PyDateTime_CAPI *)PyCapsule_Import(PyDateTime_CAPSULE_NAME, 0)

/* The UTC timezone singleton. */
#define PyDateTime_TimeZone_UTC PyDateTimeAPI->TimeZone_UTC

/* ---- type checks ---- */
#define PyDate_Check(op) PyObject_TypeCheck((op), PyDateTimeAPI->DateType)
#define PyDate_CheckExact(op) Py_IS_TYPE((op), PyDateTimeAPI->DateType)

#define PyDateTime_Check(op) PyObject_TypeCheck((op), PyDateTimeAPI->DateTimeType)
#define PyDateTime_CheckExact(op) Py_IS_TYPE((op), PyDateTimeAPI->DateTimeType)

#define PyTime_Check(op) PyObject_TypeCheck((op), PyDateTimeAPI->TimeType)
#define PyTime_CheckExact(op) Py_IS_TYPE((op), PyDateTimeAPI->TimeType)

#define PyDelta_Check(op) PyObject_TypeCheck((op), PyDateTimeAPI->DeltaType)
#define PyDelta_CheckExact(op) Py_IS_TYPE((op), PyDateTimeAPI->DeltaType)

#define PyTZInfo_Check(op) PyObject_TypeCheck((op), PyDateTimeAPI->TZInfoType)
#define PyTZInfo_CheckExact(op) Py_IS_TYPE((op), PyDateTimeAPI->TZInfoType)

/* ---- constructors ---- */
#define PyDate_FromDate(year, month, day) \
    PyDateTimeAPI->Date_FromDate((year), (month), (day), PyDateTimeAPI->DateType)

#define PyDateTime_FromDateAndTime(year, month, day, hour, min, sec, usec) \
    PyDateTimeAPI->DateTime_FromDateAndTime((year), (month), (day), (hour), \
        (min), (sec), (usec), Py_None, PyDateTimeAPI->DateTimeType)

#define PyDateTime_FromDateAndTimeAndFold(year, month, day, hour, min, sec, usec, fold) \
    PyDateTimeAPI->DateTime_FromDateAndTimeAndFold((year), (month), (day), (hour), \
        (min), (sec), (usec), Py_None, (fold), PyDateTimeAPI->DateTimeType)

#define PyTime_FromTime(hour, minute, second, usecond) \
    PyDateTimeAPI->Time_FromTime((hour), (minute), (second), (usecond), \
        Py_None, PyDateTimeAPI->TimeType)

#define PyTime_FromTimeAndFold(hour, minute, second, usecond, fold) \
    PyDateTimeAPI->Time_FromTimeAndFold((hour), (minute), (second), (usecond), \
        Py_None, (fold), PyDateTimeAPI->TimeType)

#define PyDelta_FromDSU(days, seconds, useconds) \
    PyDateTimeAPI->Delta_FromDelta((days), (seconds), (useconds), 1, \
        PyDateTimeAPI->DeltaType)

#define PyTimeZone_FromOffset(offset) \
    PyDateTimeAPI->TimeZone_FromTimeZone((offset), NULL)

#define PyTimeZone_FromOffsetAndName(offset, name) \
    PyDateTimeAPI->TimeZone_FromTimeZone((offset), (name))

/* args is a tuple as for datetime.fromtimestamp / date.fromtimestamp. */
#define PyDateTime_FromTimestamp(args) \
    PyDateTimeAPI->DateTime_FromTimestamp( \
        (PyObject *)(PyDateTimeAPI->DateTimeType), (args), NULL)

#define PyDate_FromTimestamp(args) \
    PyDateTimeAPI->Date_FromTimestamp((PyObject *)(PyDateTimeAPI->DateType), (args))

PYRITE_END_DECLS

#endif /* DATETIME_H */
