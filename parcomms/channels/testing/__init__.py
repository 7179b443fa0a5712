"""Test helpers of the channels app: a fake Zalo server and article builders."""
