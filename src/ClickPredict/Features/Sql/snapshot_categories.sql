SELECT c.category, h.category_views AS views, h.category_purchases AS purchases
FROM cut_history h
JOIN categories c USING (cno)
WHERE h.sid IS NULL AND h.category_views + h.category_purchases > 0
ORDER BY c.category
