#ifndef BLRD_CZEROMQ_SHIM_H
#define BLRD_CZEROMQ_SHIM_H
#include <zmq.h>
#endif
