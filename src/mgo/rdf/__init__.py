"""The RDF toolkit, without domain knowledge: conversion, canonical forms, serialisations, JSON-LD, labels."""
