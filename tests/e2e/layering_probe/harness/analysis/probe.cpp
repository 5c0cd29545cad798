// Never compiled: the layering check must refuse this file, as analysis may not use a runtime.
#include "harness/runtime/team.hpp"
