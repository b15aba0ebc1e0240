# Writes TestData/Benchmarks/peer_pairs_seed7.jsonl: the PyTorch peer's synthetic_pairs(2, 8, 4, vocab=300, seed=7)
# (shared/peer/dpo_step_torch.py), which PeerPairs.Synthetic must reproduce exactly.
# Run: /usr/bin/python3 tests/generators/benchmarks_peer_pairs.py /work/shared/peer/dpo_step_torch.py
import importlib.util
import json
import os
import sys

spec = importlib.util.spec_from_file_location("peer", sys.argv[1])
peer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(peer)
out = os.path.join(os.path.dirname(__file__), "..", "SharpAlign.Tests", "TestData", "Benchmarks", "peer_pairs_seed7.jsonl")
with open(out, "w") as f:
    for p in peer.synthetic_pairs(2, 8, 4, 300, 7):
        f.write(json.dumps(p) + "\n")
