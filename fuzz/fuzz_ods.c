/*
 * fuzz_ods - the ODS list reader and the serial-column finder on arbitrary
 * bytes (body in fuzz_sheet.h).
 */
#include "fuzz_sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_sheet(okc__read_ods, data, size);
}
