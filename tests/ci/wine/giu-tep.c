/* giu-tep.exe ("hold a file"), FOR TESTS ONLY: opens a file the way Word
 * holds an open .docx and a PDF viewer an open .pdf (no FILE_SHARE_WRITE,
 * no FILE_SHARE_DELETE), so that replacing or deleting it fails as it does
 * for a clerk who left the report open. tests/ci/windows-wine.sh runs it
 * under Wine beside baocao.exe.
 *
 *   giu-tep.exe FILE READY STOP [word|pdf]
 *
 * Opens FILE (word: read+write access, the default; pdf: read access), both
 * sharing read only; then creates the file READY and waits until the file
 * STOP exists (at most 120 s), then closes FILE. Exit 0, or 2 when FILE
 * cannot be opened.
 * Built with: x86_64-w64-mingw32-gcc -municode -O2 -s -o giu-tep.exe giu-tep.c
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc < 4) {
        fwprintf(stderr, L"usage: giu-tep FILE READY STOP [word|pdf]\n");
        return 2;
    }
    DWORD access = GENERIC_READ | GENERIC_WRITE;
    if (argc > 4 && wcscmp(argv[4], L"pdf") == 0)
        access = GENERIC_READ;
    HANDLE held = CreateFileW(argv[1], access, FILE_SHARE_READ, NULL,
                              OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (held == INVALID_HANDLE_VALUE) {
        fwprintf(stderr, L"giu-tep: cannot open (error %lu)\n", GetLastError());
        return 2;
    }
    HANDLE ready = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                               FILE_ATTRIBUTE_NORMAL, NULL);
    if (ready != INVALID_HANDLE_VALUE)
        CloseHandle(ready);
    for (int i = 0; i < 1200; i++) {
        if (GetFileAttributesW(argv[3]) != INVALID_FILE_ATTRIBUTES)
            break;
        Sleep(100);
    }
    CloseHandle(held);
    return 0;
}
