"""The playground: small networks trained live on data you can see (see :mod:`.feature`)."""
