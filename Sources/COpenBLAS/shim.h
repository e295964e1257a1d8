#ifndef BLRD_COPENBLAS_SHIM_H
#define BLRD_COPENBLAS_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
