# (C type expression, [fields])  -- fields may be empty (size only)
TP = """tp_name tp_basicsize tp_itemsize tp_dealloc tp_vectorcall_offset tp_getattr tp_setattr
tp_as_async tp_repr tp_as_number tp_as_sequence tp_as_mapping tp_hash tp_call tp_str tp_getattro
tp_setattro tp_as_buffer tp_flags tp_doc tp_traverse tp_clear tp_richcompare tp_weaklistoffset
tp_iter tp_iternext tp_methods tp_members tp_getset tp_base tp_dict tp_descr_get tp_descr_set
tp_dictoffset tp_init tp_alloc tp_new tp_free tp_is_gc tp_bases tp_mro tp_cache tp_subclasses
tp_weaklist tp_del tp_version_tag tp_finalize tp_vectorcall""".split()
NB = """nb_add nb_subtract nb_multiply nb_remainder nb_divmod nb_power nb_negative nb_positive
nb_absolute nb_bool nb_invert nb_lshift nb_rshift nb_and nb_xor nb_or nb_int nb_reserved nb_float
nb_inplace_add nb_inplace_subtract nb_inplace_multiply nb_inplace_remainder nb_inplace_power
nb_inplace_lshift nb_inplace_rshift nb_inplace_and nb_inplace_xor nb_inplace_or nb_floor_divide
nb_true_divide nb_inplace_floor_divide nb_inplace_true_divide nb_index nb_matrix_multiply
nb_inplace_matrix_multiply""".split()
CONFIG = """_config_init isolated use_environment dev_mode install_signal_handlers use_hash_seed hash_seed
faulthandler tracemalloc import_time code_debug_ranges show_ref_count dump_refs dump_refs_file
malloc_stats filesystem_encoding filesystem_errors pycache_prefix parse_argv orig_argv argv xoptions
warnoptions site_import bytes_warning warn_default_encoding inspect interactive optimization_level
parser_debug write_bytecode verbose quiet user_site_directory configure_c_stdio buffered_stdio
stdio_encoding stdio_errors check_hash_pycs_mode use_frozen_modules safe_path pathconfig_warnings
program_name pythonpath_env home platlibdir module_search_paths_set module_search_paths stdlib_dir
executable base_executable prefix base_prefix exec_prefix base_exec_prefix skip_source_first_line
run_command run_module run_filename _install_importlib _init_main _isolated_interpreter
_is_python_build""".split()
EXC = "dict args notes traceback context cause suppress_context".split()
SPEC = [
 ("PyObject", "ob_refcnt ob_type".split()),
 ("PyVarObject", "ob_base ob_size".split()),
 ("PyTypeObject", ["ob_base"] + TP),
 ("PyNumberMethods", NB),
 ("PySequenceMethods", "sq_length sq_concat sq_repeat sq_item was_sq_slice sq_ass_item was_sq_ass_slice sq_contains sq_inplace_concat sq_inplace_repeat".split()),
 ("PyMappingMethods", "mp_length mp_subscript mp_ass_subscript".split()),
 ("PyAsyncMethods", "am_await am_aiter am_anext am_send".split()),
 ("PyBufferProcs", "bf_getbuffer bf_releasebuffer".split()),
 ("PyHeapTypeObject", "ht_type as_async as_number as_mapping as_sequence as_buffer ht_name ht_slots ht_qualname ht_cached_keys ht_module _ht_tpname _spec_cache".split()),
 ("PyTupleObject", "ob_base ob_item".split()),
 ("PyListObject", "ob_base ob_item allocated".split()),
 ("PyFloatObject", "ob_base ob_fval".split()),
 ("Py_complex", "real imag".split()),
 ("PyComplexObject", "ob_base cval".split()),
 ("PyBytesObject", "ob_base ob_shash ob_sval".split()),
 ("PyByteArrayObject", "ob_base ob_alloc ob_bytes ob_start ob_exports".split()),
 ("PyASCIIObject", "ob_base length hash state wstr".split()),
 ("PyCompactUnicodeObject", "_base utf8_length utf8 wstr_length".split()),
 ("PyUnicodeObject", "_base data".split()),
 ("PyLongObject", "ob_base ob_digit".split()),
 ("PyModuleDef_Base", "ob_base m_init m_index m_copy".split()),
 ("PyModuleDef", "m_base m_name m_doc m_size m_methods m_slots m_traverse m_clear m_free".split()),
 ("PyModuleDef_Slot", "slot value".split()),
 ("PyMethodDef", "ml_name ml_meth ml_flags ml_doc".split()),
 ("PyMemberDef", "name type offset flags doc".split()),
 ("PyGetSetDef", "name get set doc closure".split()),
 ("Py_buffer", "buf obj len itemsize readonly ndim format shape strides suboffsets internal".split()),
 ("PyType_Slot", "slot pfunc".split()),
 ("PyType_Spec", "name basicsize itemsize flags slots".split()),
 ("PyStructSequence_Field", "name doc".split()),
 ("PyStructSequence_Desc", "name doc fields n_in_sequence".split()),
 ("PyCompilerFlags", "cf_flags cf_feature_version".split()),
 ("PyStatus", "_type func err_msg exitcode".split()),
 ("PyWideStringList", "length items".split()),
 ("PyPreConfig", "_config_init parse_argv isolated use_environment configure_locale coerce_c_locale coerce_c_locale_warn utf8_mode dev_mode allocator".split()),
 ("PyConfig", CONFIG),
 ("PyDictObject", "ob_base ma_used ma_version_tag ma_keys ma_values".split()),
 ("PySliceObject", "ob_base start stop step".split()),
 ("PyCFunctionObject", "ob_base m_ml m_self m_module m_weakreflist vectorcall".split()),
 ("PyCMethodObject", "func mm_class".split()),
 ("PyMethodObject", "ob_base im_func im_self im_weakreflist vectorcall".split()),
 ("PyInstanceMethodObject", "ob_base func".split()),
 ("PyCellObject", "ob_base ob_ref".split()),
 ("PyDescrObject", "ob_base d_type d_name d_qualname".split()),
 ("PyMethodDescrObject", "d_common d_method vectorcall".split()),
 ("PyMemberDescrObject", "d_common d_member".split()),
 ("PyGetSetDescrObject", "d_common d_getset".split()),
 ("PyWrapperDescrObject", "d_common d_base d_wrapped".split()),
 ("struct wrapperbase", "name offset function wrapper doc flags name_strobj".split()),
 ("_PyManagedBufferObject", "ob_base flags exports master".split()),
 ("PyMemoryViewObject", "ob_base mbuf hash flags exports view weakreflist ob_array".split()),
 ("PyBaseExceptionObject", ["ob_base"] + EXC),
 ("PyBaseExceptionGroupObject", EXC + "msg excs".split()),
 ("PySyntaxErrorObject", EXC + "msg filename lineno offset end_lineno end_offset text print_file_and_line".split()),
 ("PyImportErrorObject", EXC + "msg name path".split()),
 ("PyUnicodeErrorObject", EXC + "encoding object start end reason".split()),
 ("PySystemExitObject", EXC + ["code"]),
 ("PyOSErrorObject", EXC + "myerrno strerror filename filename2 written".split()),
 ("PyStopIterationObject", EXC + ["value"]),
 ("PyNameErrorObject", EXC + ["name"]),
 ("PyAttributeErrorObject", EXC + "obj name".split()),
 ("PyTracebackObject", "ob_base tb_next tb_frame tb_lasti tb_lineno".split()),
 ("Py_tss_t", "_is_initialized _key".split()),
 ("_Py_Identifier", "string index".split()),
 ("PyMemAllocatorEx", "ctx malloc calloc realloc free".split()),
 ("PyObjectArenaAllocator", "ctx alloc free".split()),
 ("_PyArg_Parser", "format keywords fname custom_msg pos min max kwtuple next".split()),
 ("struct _inittab", "name initfunc".split()),
 ("struct _frozen", "name code size is_package get_code".split()),
 ("PyHash_FuncDef", "hash name hash_bits seed_bits".split()),
 ("_Py_HashSecret_t", "uc fnv siphash djbx33a expat".split()),
 ("PyDateTime_CAPI", "DateType DateTimeType TimeType DeltaType TZInfoType TimeZone_UTC Date_FromDate DateTime_FromDateAndTime Time_FromTime Delta_FromDelta TimeZone_FromTimeZone DateTime_FromTimestamp Date_FromTimestamp DateTime_FromDateAndTimeAndFold Time_FromTimeAndFold".split()),
 ("PyDateTime_Delta", "ob_base hashcode days seconds microseconds".split()),
 ("PyDateTime_TZInfo", ["ob_base"]),
 ("_PyDateTime_BaseTZInfo", "ob_base hashcode hastzinfo".split()),
 ("_PyDateTime_BaseTime", "hashcode hastzinfo data".split()),
 ("PyDateTime_Time", "hashcode hastzinfo data fold tzinfo".split()),
 ("PyDateTime_Date", "hashcode hastzinfo data".split()),
 ("_PyDateTime_BaseDateTime", "hashcode hastzinfo data".split()),
 ("PyDateTime_DateTime", "hashcode hastzinfo data fold tzinfo".split()),
]
