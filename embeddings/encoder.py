"""Kept so that `from embeddings.encoder import …` goes on working; the encoders live in embeddings/encoders/."""

from embeddings.encoders.base import DEFAULT_MODEL_SHA256, Encoder, bundled_model_path, resolve_model, sha256_file
from embeddings.encoders.sentence_transformers import SentenceTransformerEncoder, pick_device

__all__ = [
    "DEFAULT_MODEL_SHA256", "Encoder", "SentenceTransformerEncoder", "bundled_model_path", "pick_device",
    "resolve_model", "sha256_file",
]
