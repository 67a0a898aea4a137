/* bcryptprimitives.dll for Wine 8.0, FOR TESTS ONLY (never shipped).
 *
 * Rust's std (1.78+) gets random bytes (HashMap seeds) from ProcessPrng in
 * bcryptprimitives.dll, which Windows 10 and later have and Wine 8.0 lacks:
 * there even a hello-world exits with code 53 before main. This DLL, put
 * beside the exe (with WINEDLLOVERRIDES=bcryptprimitives=n,b), exports only
 * ProcessPrng and forwards it to RtlGenRandom (advapi32's SystemFunction036),
 * which Wine has. Built by tests/ci/windows-wine.sh with mingw-w64:
 *   x86_64-w64-mingw32-gcc -shared -O2 -s -o bcryptprimitives.dll \
 *     bcryptprimitives.c -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
