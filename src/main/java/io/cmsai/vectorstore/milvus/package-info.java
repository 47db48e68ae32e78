/**
 * The Milvus adapter of the vector store port: {@link
 * io.cmsai.vectorstore.milvus.MilvusVectorStore} over one collection ({@code id}, {@code vector},
 * {@code text}, JSON {@code metadata}), configured by {@link
 * io.cmsai.vectorstore.milvus.MilvusSettings}, with metadata filters written as Milvus expressions
 * by {@link io.cmsai.vectorstore.milvus.MilvusFilterConverter}. {@code internal/} holds the
 * collection layout and the row mapping.
 */
package io.cmsai.vectorstore.milvus;
