"""Fault-test machinery: the crash drill's zygote and checks, a TCP proxy, a private cluster."""
