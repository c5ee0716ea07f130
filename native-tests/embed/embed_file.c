/* embed_file.c -- run a script file with PyRun_SimpleFile after Py_Initialize. */
#include <Python.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    FILE *fp;
    int rc;
    if (argc < 2)
        return 2;
    Py_SetProgramName(L"embed_file");
    Py_InitializeEx(0);
    fp = fopen(argv[1], "r");
    if (fp == NULL)
        return 3;
    rc = PyRun_SimpleFileExFlags(fp, argv[1], 1, NULL);
    printf("rc=%d\n", rc);
    return Py_FinalizeEx() < 0 ? 4 : (rc == 0 ? 0 : 5);
}
