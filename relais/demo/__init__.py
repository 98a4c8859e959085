"""Demo data that Relais ships: the schools of Mouscron (FASE list), five schools of Rennes, the
seed 002 directory of services, a demo organisation and staff accounts. `relais demo` loads it."""
