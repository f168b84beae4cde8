package com.example.catalog;

import java.util.List;
import java.util.stream.IntStream;

/**
 * A page of a product catalog, the body of a response: a name and a list of items,
 * serialized by Jackson.
 */
public record Catalog(String name, List<Item> items) {

	/**
	 * A catalog of {@code size} made-up items.
	 */
	static Catalog sample(int size) {
		return new Catalog("spring-sale", IntStream.rangeClosed(1, size).mapToObj(Item::sample).toList());
	}

	/**
	 * One product of the catalog.
	 */
	public record Item(String sku, String title, int priceCents, int stock) {

		static Item sample(int number) {
			return new Item(String.format("SKU-%05d", number), "Product number " + number + " of the sale",
					990 + number * 100, number % 7);
		}

	}

}
