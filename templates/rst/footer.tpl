
*Written by xabi {{XABI_VERSION:x-rst}} from its database.  Observed facts
name their run, source, Xen version, domain and vCPU; the rest is marked as
from the headers only.*
